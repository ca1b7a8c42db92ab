from motcua.registry.models.access import AccessFlag, AccessLog, AccessLogSubject
from motcua.registry.models.imports import ImportProblem, ImportRun
from motcua.registry.models.people import Household, Person, Residence

__all__ = [
    "AccessFlag",
    "AccessLog",
    "AccessLogSubject",
    "Household",
    "ImportProblem",
    "ImportRun",
    "Person",
    "Residence",
]
