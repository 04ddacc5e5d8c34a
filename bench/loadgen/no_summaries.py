"""`python -m bench.loadgen.no_summaries run app.py ...`: the app with its summary updates switched off
(bench/summaries_switch.py), for the baseline of `bench.loadgen.summaries_cost` only.

The helper is replaced before any page imports the registration services, then Streamlit's own command
line runs in this interpreter (`streamlit run` serves from the process it was started in).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from bench.summaries_switch import switch_off

    switch_off()
    print("bench: summary updates switched OFF in this process (baseline only)", flush=True)
    from streamlit.web.cli import main

    sys.argv = ["streamlit", *sys.argv[1:]]
    sys.exit(main())
