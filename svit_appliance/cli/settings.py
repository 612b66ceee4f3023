"""``svit settings``: every setting, the value in effect and where it came from; ``--markdown``
prints the table docs/settings.md holds."""
import os
from urllib.parse import urlsplit

from ..settings import SETTINGS_TABLE, Setting
from .output import add_command, emit, load_settings

SECRET = ("metrics_token",)
URLS = ("database_url", "queue_url")


def register(commands) -> None:
    parser = add_command(commands, "settings", cmd_settings,
                         "print every setting with the value in effect and where it came from", json_output=True)
    parser.add_argument("--markdown", action="store_true", help="print the settings table of docs/settings.md")


def cmd_settings(args) -> int:
    if args.markdown:
        print(markdown_table())
        return 0
    settings = load_settings(args)
    rows = [{"variable": s.env, "value": shown_value(s, getattr(settings, s.name)), "source": source(s, args)}
            for s in SETTINGS_TABLE]
    width = max(len(s.env) for s in SETTINGS_TABLE)
    emit(args, rows, "\n".join(f"{row['variable']:<{width}}  {row['value']}  ({row['source']})" for row in rows))
    return 0


def source(setting: Setting, args) -> str:
    if setting.name == "data_dir" and args.data_dir:
        return "--data-dir"
    return "environment" if os.environ.get(setting.env) else "default"


def shown_value(setting: Setting, value) -> str:
    """The value as typed in the environment; secrets and URL passwords never printed."""
    if setting.name in SECRET:
        return "(set)" if value else "(empty)"
    if setting.name in URLS and value:
        parts = urlsplit(value)
        if parts.password:
            value = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")).geturl()
    return written(value) if value != "" else "(empty)"


def written(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def markdown_table(table: tuple[Setting, ...] = SETTINGS_TABLE) -> str:
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for setting in table:
        default = f"`{written(setting.default)}`" if setting.default != "" else "empty"
        meaning = setting.help.rstrip(".").replace("|", "\\|") + (f" (see {setting.see})" if setting.see else "") + "."
        lines.append(f"| `{setting.env}` | {default} | {meaning} |")
    return "\n".join(lines)



