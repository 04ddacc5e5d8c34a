"""Load generator: real Streamlit sessions over the websocket protocol, no browser.

`client` speaks Streamlit's BackMsg/ForwardMsg protocol on `/_stcore/stream`; `scenarios`
fills the portal's registration and the reference app's form; `runner` starts the server
under test and drives N sessions. Run `python3 -m bench.loadgen --help` from the repository root.
"""
