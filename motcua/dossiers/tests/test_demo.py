"""The demo loader makes dossiers in many states through the services, with intact audit chains."""

from __future__ import annotations

from motcua.catalog.services.demo import catalog_load_demo
from motcua.dossiers.audit import chain_breaks
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.demo import dossiers_load_demo
from motcua.dossiers.services.engine import engine_cache_clear


def test_demo_dossiers_in_many_states(db: None) -> None:
    engine_cache_clear()
    catalog_load_demo()
    made = dossiers_load_demo(count=150)
    assert made >= 140
    states = set(Dossier.objects.values_list("state", flat=True))
    assert {"delivered", "refused", "in_process"} <= states, states
    assert len(states) >= 5, states
    assert Dossier.objects.filter(supplements=1).exists()
    assert not list(chain_breaks())
    assert dossiers_load_demo(count=10) == 0  # kept on a second run
