from __future__ import annotations

import pytest

from motcua.dossiers.tests.conftest import procedure  # noqa: F401 (fixture)
from motcua.notifications.tests.support import World, world_for


@pytest.fixture
def world(make_user, procedure) -> World:  # noqa: F811
    return world_for(make_user)
