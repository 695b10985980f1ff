"""The Qt-free core: domain, store, change log and services shared by the CLI, the hub and the views."""
