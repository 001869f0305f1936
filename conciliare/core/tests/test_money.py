from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from conciliare.core.money import AmountFormatter


def test_the_formatter_writes_what_floatformat_writes_in_each_language():
    template = Template('{{ value|floatformat:"2g" }}')
    for language in ("it", "en"):
        with translation.override(language):
            formatter = AmountFormatter()
            for value in ("0", "5", "1234.5", "150000", "1234567.891", "-42.005"):
                amount = Decimal(value)
                expected = template.render(Context({"value": amount}))
                assert formatter.amount(amount) == expected, (language, value)
