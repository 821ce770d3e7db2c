"""Writes the security-header files static hosts read: _headers (Netlify, Cloudflare Pages) and .htaccess
(Apache). The nginx server block lives in deploy/nginx.conf and is checked against the same policy."""

from ess_site import site_output

from .policy import CONTENT_SECURITY_POLICY, apache_htaccess, netlify_headers

__all__ = ["CONTENT_SECURITY_POLICY", "register"]


def write_header_files(site, generator=None, writer=None):
    site.output_file("_headers").write_text(netlify_headers(), encoding="utf-8")
    site.output_file(".htaccess").write_text(apache_htaccess(), encoding="utf-8")


def register():
    site_output.connect(write_header_files)
