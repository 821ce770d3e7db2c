"""Settings for deployment (make publish): absolute URLs under SITEURL from the environment."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://www.clusteress-gr.eu").rstrip("/")
