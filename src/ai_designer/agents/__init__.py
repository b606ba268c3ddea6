"""The agents: planner, generator, validator, and the orchestrator's refine loop, over the protocols of
:mod:`ai_designer.agents.contracts`; scripted fakes for tests in :mod:`ai_designer.agents.fakes`.

    from ai_designer.agents import PlannerAgent, PlanRequest, get_agent_config
    get_agent_config("generator")["primary"]        # 'openai/gpt-4o' unless configured otherwise
"""

from ai_designer.agents.base import BaseAgent
from ai_designer.agents.contracts import (
    DesignRequest,
    GenerateOutcome,
    GenerateRequest,
    Generator,
    Planner,
    PlanOutcome,
    PlanRequest,
    RunOptions,
    ValidateOutcome,
    ValidateRequest,
    Validator,
)
from ai_designer.agents.generator import GeneratorAgent
from ai_designer.agents.orchestrator import Orchestrator
from ai_designer.agents.planner import PlannerAgent
from ai_designer.agents.validator import ValidatorAgent
from ai_designer.llm.model_config import get_agent_config
from ai_designer.llm.routing import is_llm_configured

__all__ = [
    "BaseAgent", "DesignRequest", "GenerateOutcome", "GenerateRequest", "Generator", "GeneratorAgent",
    "Orchestrator", "PlanOutcome", "PlanRequest", "Planner", "PlannerAgent", "RunOptions", "ValidateOutcome",
    "ValidateRequest", "Validator", "ValidatorAgent", "get_agent_config", "is_llm_configured",
]
