"""Toasts under a strict CSP: the page shows SessionState.flash from compiled code.

``rx.toast`` sent from an event handler reaches the browser as a script that Reflex runs
through eval(), which the Content-Security-Policy (rightly) refuses. Handlers set
``SessionState.flash`` instead (``self._flash(level, message)``) and this hook, compiled into
the app's JavaScript once, hands each new flash to the same Sonner toaster.

The toaster itself is rendered here too, below the state (tra_da.py sets ``App.toaster`` to
None): Sonner names its region "Notifications alt+T" in English, so it is given the catalogue's
name in the reader's language.
"""

from __future__ import annotations

from reflex_base.components.memo import memo
from reflex_base.vars.base import Var, VarData
from reflex_components_core.base.fragment import Fragment
from reflex_components_sonner.toast import Toaster, toast_ref

from tra_da.state.session import SessionState, T

# Errors stay until read (or 20 s); confirmations go after 6 s. The id last shown is kept in
# sessionStorage, which lives as long as the tab's Reflex state: a reload (which sends the state,
# flash included, again) does not show an old toast twice.
_SHOW = """
useEffect(() => {{
  const flash = {flash};
  if (!flash || !flash.id) return;
  let seen = refs.__td_flash_shown;
  try {{ seen = window.sessionStorage.getItem("td_flash_shown") ?? seen; }} catch (e) {{}}
  if (seen === flash.id) return;
  const toast = {toast};
  if (!toast) return;
  refs.__td_flash_shown = flash.id;
  try {{ window.sessionStorage.setItem("td_flash_shown", flash.id); }} catch (e) {{}}
  const show = typeof toast[flash.level] === "function" ? toast[flash.level] : toast;
  show(flash.message, {{
    id: flash.id,
    closeButton: true,
    duration: flash.level === "error" ? 20000 : 6000,
  }});
}}, [{flash}?.id]);
"""


class FlashToasts(Fragment):
    """Renders nothing; its hook shows each new flash once (refs remember the last one)."""

    def add_hooks(self) -> list[str | Var]:
        flash = SessionState.flash
        var_data = VarData.merge(
            flash._get_all_var_data(),
            toast_ref._get_all_var_data(),
            VarData(imports={"react": ["useEffect"]}),
        )
        return [Var(_js_expr=_SHOW.format(flash=flash, toast=toast_ref), _var_data=var_data)]


def flash_toasts() -> Fragment:
    """For rx.App's app_wraps: a memo component of its own, so that its hook runs below the
    StateProvider (hooks of a bare wrap are hoisted above it, where no state is available)."""

    def flash_listener() -> Fragment:
        # Sonner's region label is "{containerAriaLabel} {hotkey}" unless customAriaLabel says
        # the whole of it; Reflex's Toaster has no prop for either.
        toaster = Toaster.create(custom_attrs={"customAriaLabel": T["toasts.region"]})
        return Fragment.create(toaster, FlashToasts.create())

    return Fragment.create(memo(flash_listener)())
