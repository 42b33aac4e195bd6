"""Autonomy x attribution (PRICING.md section 7): which pricing a work unit
is ready for. A score of 4 or more counts as high."""

from enum import Enum
from typing import NamedTuple

HIGH_SCORE = 4


class Quadrant(Enum):
    ACCESS = "access"
    USAGE = "usage"
    INSTRUMENT = "instrument"
    OUTCOME = "outcome"


_ADVICE = {
    Quadrant.ACCESS: ("Seat or subscription access", "low autonomy and low attribution"),
    Quadrant.USAGE: ("Usage or credits", "high autonomy but low attribution"),
    Quadrant.INSTRUMENT: ("Usage now, instrument attribution next", "high attribution but low autonomy"),
    Quadrant.OUTCOME: ("Outcome pricing", "high autonomy and high attribution"),
}


class Readiness(NamedTuple):
    autonomy: int
    attribution: int
    quadrant: Quadrant

    @property
    def outcome_ready(self) -> bool:
        return self.quadrant is Quadrant.OUTCOME

    @property
    def pricing(self) -> str:
        """The pricing this quadrant is ready for, as a reader would say it."""
        return _ADVICE[self.quadrant][0]

    @property
    def reason(self) -> str:
        return (
            f"{_ADVICE[self.quadrant][1]} (autonomy {self.autonomy}, attribution {self.attribution}; "
            f"{HIGH_SCORE} or more is high)"
        )


def readiness(autonomy: int, attribution: int) -> Readiness:
    high_autonomy = autonomy >= HIGH_SCORE
    high_attribution = attribution >= HIGH_SCORE
    if high_autonomy and high_attribution:
        quadrant = Quadrant.OUTCOME
    elif high_autonomy:
        quadrant = Quadrant.USAGE
    elif high_attribution:
        quadrant = Quadrant.INSTRUMENT
    else:
        quadrant = Quadrant.ACCESS
    return Readiness(autonomy, attribution, quadrant)
