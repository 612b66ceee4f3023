"""What the benchmarks send and seed: persons for a seeded database, 1 KB ingestion bodies that each
name a new person, and contact form posts that each come from a new visitor."""
import random

from tests.bench.harness import one_kb_body

FIRST = ["Ada", "Grace", "Alan", "Katherine", "Linus", "Barbara", "Edsger", "Margaret", "Donald", "Frances",
         "John", "Radia", "Ken", "Dennis", "Hedy", "Tim", "Sophie", "Niklaus", "Guido", "Anita"]
LAST = ["Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Liskov", "Dijkstra", "Hamilton", "Knuth",
        "Allen", "Backus", "Perlman", "Thompson", "Ritchie", "Lamarr", "Berners-Lee", "Wilson", "Wirth",
        "van Rossum", "Borg"]
DOMAINS = ["example.com", "mail.example", "corp.example", "analytical.example", "navy.example"]


def person_rows(project_id: str, count: int, seed: int = 7):
    rng = random.Random(seed)
    now = "2026-01-01 00:00:00"
    for n in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first}.{last}{n}@{rng.choice(DOMAINS)}".lower().replace(" ", "")
        phone = f"+1{rng.randint(201, 989)}{n:07d}"
        yield (f"per_bench{n:012d}", project_id, f"{first} {last}", first, last, email, email, phone, phone,
               None, "{}", "int_bench", "int_bench", now, now)


MARKER = b"COUNTER"  # the request's number within a round, 6 digits
ROUND = b"ROUND"  # the round's own part of the email
AREA = b"AREA"  # the round's own part of the phone number
COUNTER_DIGITS = 6
AREA_CODES = ("650", "415", "212", "312", "617", "202", "303", "206", "305", "404", "512", "702")
EXCHANGE_FIRST_DIGITS = "23456789"  # US exchanges start with 2-9


def person_body() -> bytes:
    """1 KB, one person whose email and phone carry the round (``round_body``) and a per-request
    number: every request names a new person, who matches no earlier one by email or by phone."""
    body = (one_kb_body().replace(b'"ada@example.com"', b'"ada+' + ROUND + b"x" + MARKER + b'@example.com"')
            .replace(b'"+44 20 7946 0958"', b'"+1 ' + AREA + MARKER + b'"'))
    longer = len(numbered_body(round_body(body, 0), 0)) - len(one_kb_body())
    return body.replace(b"x" * longer + b'"}', b'"}')  # 1 KB again: a shorter message


def round_body(body: bytes, n: int) -> bytes:
    """The body of round ``n``: its persons differ from every other round's (n < 96)."""
    area, exchange = divmod(n, len(EXCHANGE_FIRST_DIGITS))
    return (body.replace(ROUND, f"r{n}".encode())
            .replace(AREA, f"{AREA_CODES[area]} {EXCHANGE_FIRST_DIGITS[exchange]}".encode()))


def numbered_body(body: bytes, n: int) -> bytes:
    """The body of request ``n`` of a round's body, as run_wrk's counter makes it."""
    return body.replace(MARKER, f"{n:0{COUNTER_DIGITS}d}".encode())


ORIGIN = "https://acme.example"
# every request a new visitor: a new email, so every post creates a person
DISTINCT_EMAILS = """
local counter = 0
local run = tostring(os.time())
request = function()
  counter = counter + 1
  local body = '{"name":"Visitor ' .. counter .. '","email":"visitor' .. counter .. '.' .. run .. '@example.com",'
    .. '"company":"Acme","message":"I would like a quote for twelve seats, billed yearly, starting next month.",'
    .. '"pageUrl":"https://acme.example/pricing?utm_source=bench","consent":true}'
  return wrk.format(nil, nil, nil, body)
end
"""
