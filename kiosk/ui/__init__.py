"""The Qt layer: widgets and windows that only call the services in `kiosk.core`."""
