from django.core.mail import send_mail

from tests.smtp import SmtpServer


def test_mail_arrives(smtp_server: SmtpServer) -> None:
    """The fixture is a real SMTP server: Django's SMTP backend delivers to it."""
    send_mail("Hồ sơ H26.1", "Mã hồ sơ: 000.00.01.H26-261125-0001", None, ["a@example.org"])
    [msg] = smtp_server.wait_for(1)
    assert msg["Subject"] == "Hồ sơ H26.1"
    assert "000.00.01.H26-261125-0001" in smtp_server.body(msg)
