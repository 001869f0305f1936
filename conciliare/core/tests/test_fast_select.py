from django import forms

from conciliare.core.forms import FastSelect, StyledForm


class _Form(StyledForm):
    colour = forms.ChoiceField(
        choices=[("", "Tutti"), ("r", "Rosso & <b>"), ("g", "Verde")], required=False
    )


def _django_rendering(value):
    widget = forms.Select(choices=_Form.base_fields["colour"].choices)
    return widget.render("colour", value, attrs={"id": "id_colour"})


def test_styled_forms_render_selects_in_python():
    form = _Form(data={"colour": "r"})
    assert type(form.fields["colour"].widget) is FastSelect


def test_fast_select_gives_the_same_options_as_django():
    # given
    form = _Form(data={"colour": "r"})

    # when
    html = str(form["colour"])

    # then: same options, same selection, escaped labels
    assert '<option value="r" selected>Rosso &amp; &lt;b&gt;</option>' in html
    assert '<option value="">Tutti</option>' in html
    assert html.startswith('<select name="colour"') or 'name="colour"' in html
    reference = _django_rendering("r")
    for fragment in ('value="g"', 'id="id_colour"', "Rosso &amp; &lt;b&gt;"):
        assert fragment in reference
        assert fragment in html
