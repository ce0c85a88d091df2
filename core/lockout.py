"""What an editor sees when django-axes has locked a login out (AXES_LOCKOUT_CALLABLE).

Not axes' bare English text: Wagtail's own login page again, with a Swedish message that
says what happened, how long to wait and what to do meanwhile, answered with 429 so that
scripts and monitoring see it is throttling. The form stays usable, so the editor can try
again after the wait without looking for the page.
"""

from axes.helpers import get_cool_off
from django.contrib import messages
from django.template.response import TemplateResponse
from wagtail.admin.views.account import LoginView


def lockout_message(request):
    minutes = max(1, round(get_cool_off(request).total_seconds() / 60))
    return (
        "För många misslyckade inloggningsförsök med det här användarnamnet eller från din "
        f"nätverksadress. Av säkerhetsskäl kan du inte logga in på {minutes} minuter. "
        "Vänta och försök igen, "
        "eller använd ”Glömt lösenordet?” om du inte minns det. Kontakta webbplatsens "
        "kommunikatör om du behöver komma in tidigare."
    )


def lockout_response(request, original_response=None, credentials=None):
    view = LoginView()
    view.setup(request)
    form_class = view.get_form_class()
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = form_class(request=request, initial={"username": username})
    messages.error(request, lockout_message(request))
    context = view.get_context_data(form=form)
    response = TemplateResponse(request, view.template_name, context, status=429)
    response["Retry-After"] = str(int(get_cool_off(request).total_seconds()))
    response["Cache-Control"] = "no-store"
    return response.render()
