"""One module per command of `python -m antt` (see antt/__main__.py).

The top layer beside antt.ui: may import every wing, never antt.ui or Streamlit.
"""

import getpass


def command_line_actor(user: str | None) -> str:
    """Who a write from the command line is recorded as (issue 25 item 12): the command line
    is the server administrator's tool (whoever can run it can also change the data files), so
    the name typed with --user is not checked against the editors file; the audit log and
    reports.csv record it beside the server account that ran the command:
    "lan (dòng lệnh, tài khoản máy chủ antt)"."""
    account = getpass.getuser()
    if not user or not user.strip():
        return f"{account} (dòng lệnh)"
    return f"{user.strip()} (dòng lệnh, tài khoản máy chủ {account})"
