"""``svit doctor``: check an installation and say what needs doing."""
from ..settings import option_help
from ..upkeep.doctor import needs_action, run_checks
from .output import add_command, emit, load_settings

MARKS = {"ok": "ok     ", "warning": "WARN   ", "action": "ACTION ", "skipped": "skip   "}


def register(commands) -> None:
    doctor = add_command(commands, "doctor", cmd_doctor,
                         "check the data directory, database, backups, queue, port and clock; exits 1 when "
                         "something needs action", json_output=True)
    doctor.add_argument("--port", type=int, help=option_help("port", "the port `svit serve` will use"))
    doctor.add_argument("--host", help=option_help("host", "the address `svit serve` will use"))


def cmd_doctor(args) -> int:
    checks = run_checks(load_settings(args, host=args.host, port=args.port))
    failing = needs_action(checks)
    lines = [f"{MARKS[c.status]} {c.name}: {c.summary}" + (f"\n        -> {c.advice}" if c.advice else "")
             for c in checks]
    lines.append("something needs action (see ACTION above)" if failing else "nothing needs action")
    emit(args, {"needsAction": failing, "checks": [c.as_json() for c in checks]}, "\n".join(lines))
    return 1 if failing else 0
