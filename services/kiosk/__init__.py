"""Kiosks at relocation sites: the per-site PIN that lets staff leave kiosk mode (stored hashed, wrong
PINs limited). The kiosk's registration reuses services.registration (channel `kiosk`, the site)."""
