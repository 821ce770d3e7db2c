"""Settings for deployment (make publish): absolute URLs under SITEURL from the environment."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = (os.environ.get("SITEURL") or "https://www.clusteress-gr.eu").rstrip("/")
PREVIEW = False  # drafts and items dated after the build date stay out of the published site
PRECOMPRESS = True  # write .gz and .br beside every text file, for hosts that serve them
