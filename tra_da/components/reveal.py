"""Bring an outcome into view when it appears: compiled code, not a script sent by the server.

A form whose result shows below its button (the CSV import's report, say) can finish while the
result is under the fold or behind the phone's bottom navigation. ``rx.scroll_to`` from a
handler reaches the browser as a script that Reflex runs through eval(), which the
Content-Security-Policy refuses; this effect is compiled into the page once instead.
"""

from __future__ import annotations

import json

from reflex_base.vars.base import Var, VarData
from reflex_components_core.base.fragment import Fragment


def reveal_when(shown: Var[bool], target_id: str) -> Fragment:
    """Renders nothing; each time ``shown`` becomes true, scrolls the element ``target_id`` just
    enough to show it whole (its ``scroll-margin`` keeps it clear of fixed bars)."""
    effect = (
        f"useEffect(() => {{ if ({shown}) document.getElementById({json.dumps(target_id)})"
        f'?.scrollIntoView({{ block: "nearest" }}); }}, [{shown}]);'
    )
    var_data = VarData.merge(shown._get_all_var_data(), VarData(imports={"react": ["useEffect"]}))
    hook: Var[None] = Var(_js_expr=effect, _var_data=var_data)

    class Reveal(Fragment):
        def add_hooks(self) -> list[str | Var]:
            return [hook]

    return Reveal.create()
