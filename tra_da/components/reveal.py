"""Bring an outcome into view when it appears: compiled code, not a script sent by the server.

A form whose result shows below its button (the CSV import's report, say) can finish while the
result is under the fold or behind the phone's bottom navigation. ``rx.scroll_to`` from a
handler reaches the browser as a script that Reflex runs through eval(), which the
Content-Security-Policy refuses; this effect is compiled into the page once instead.
"""

from __future__ import annotations

import json
import re

from reflex_base.vars.base import Var, VarData
from reflex_components_core.base.fragment import Fragment


class Reveal(Fragment):
    """Renders nothing; its hooks are the ones ``reveal_on`` builds (underscored: a field that
    is not a prop, so React's Fragment is given none)."""

    _hooks: list[str | Var] = []

    def add_hooks(self) -> list[str | Var]:
        return self._hooks


def reveal_on(count: Var[int], target_id: str) -> Reveal:
    """Each time ``count`` (a state's count of finished submissions) changes to a non-zero
    value, scroll the element ``target_id`` just enough to show it whole (its
    ``scroll-margin`` keeps it clear of fixed bars). A count, not a flag: two answers that
    arrive together are rendered once, so a flag could go false and back to true unseen. The
    value the page is opened with scrolls nothing."""
    last = "reveal_" + re.sub(r"\W", "_", target_id)
    var_data = VarData.merge(
        count._get_all_var_data(), VarData(imports={"react": ["useEffect", "useRef"]})
    )
    effect = (
        f"useEffect(() => {{ if ({count} && {count} !== {last}.current) "
        f"document.getElementById({json.dumps(target_id)})"
        f'?.scrollIntoView({{ block: "nearest" }}); {last}.current = {count}; }}, [{count}]);'
    )
    reveal = Reveal.create()
    reveal._hooks = [
        Var(_js_expr=f"const {last} = useRef({count});", _var_data=var_data),
        Var(_js_expr=effect, _var_data=var_data),
    ]
    return reveal
