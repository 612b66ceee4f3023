"""The Slack kind's text: the summary escaped for Slack, then the console link."""
from svit_appliance.destinations.kinds import slack


def test_it_escapes_what_slack_would_read_as_markup():
    assert slack.slack_text("New lead: <Ada> & co", None) == "New lead: &lt;Ada&gt; &amp; co"


def test_it_links_to_the_console_when_it_has_a_link():
    assert slack.slack_text("New lead: Ada", "https://crm.example/console/persons/per_1") \
        == "New lead: Ada <https://crm.example/console/persons/per_1|Open in svit>"
