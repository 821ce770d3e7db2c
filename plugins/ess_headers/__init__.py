"""Writes each host's configuration from the one policy (policy.py, rendered by hosts.py): _headers and
_redirects (Netlify, Cloudflare Pages), .htaccess (Apache) and _nginx.conf (included by the server block
in deploy/nginx.conf). None of them is served: each host's rules hide the others' files."""

from ess_site import site_output

from .hosts import apache_htaccess, netlify_headers, netlify_redirects, nginx_conf, site_paths
from .policy import CONTENT_SECURITY_POLICY

__all__ = ["CONTENT_SECURITY_POLICY", "HOST_CONFIGURATIONS", "register"]

#: Output file → renderer of the host policy.
HOST_CONFIGURATIONS = {
    "_headers": netlify_headers,
    "_redirects": netlify_redirects,
    ".htaccess": apache_htaccess,
    "_nginx.conf": nginx_conf,
}


def write_header_files(site, generator=None, writer=None):
    paths = site_paths(site)
    for name, render in HOST_CONFIGURATIONS.items():
        site.write_output(name, render(paths))


def register():
    site_output.connect(write_header_files)
