"""Which model each agent uses: built-in defaults < ``llm_agents:`` in ``config/config.yaml`` < ``AGENT_{NAME}_{KEY}``.

Every agent (``planner``, ``generator``, ``validator``, ``orchestrator``) has a ``primary`` model, a ``fallback``
model, a ``temperature`` and a ``max_tokens``; optionally an ``api_base`` (an OpenAI-compatible endpoint for the
primary's provider: vLLM, LM Studio, a proxy). Examples::

    AGENT_PLANNER_PRIMARY=ollama/qwen2.5-coder      # env beats YAML beats defaults
    AGENT_GENERATOR_TEMPERATURE=0.1

    # config/config.yaml
    llm_agents:
      planner: {primary: openai/gpt-4o-mini, fallback: deepseek/deepseek-chat}

The YAML tables are read by the one settings class (``Settings.llm_agents`` / ``Settings.model_aliases``, see
:class:`ai_designer.core.settings.YamlTablesSource`); this module validates them and applies the per-agent
defaults and ``AGENT_*`` overrides on top. Model names use litellm's ``provider/model`` form; prefixes litellm does not know (``google/``) are mapped in
:mod:`ai_designer.llm.routing`, the one place for that.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError

from ai_designer.core.errors import ConfigError
from ai_designer.core.settings import get_settings

__all__ = ["AGENT_MODEL_CONFIG", "AGENT_KEYS", "AgentModelConfig", "ModelChoice", "get_agent_config",
           "resolve_agent_config", "get_env_override", "load_yaml_overrides", "load_model_aliases", "resolve_model"]

#: The defaults fixed by the plan (SPEC.md). Copy before changing: this dict is shared.
AGENT_MODEL_CONFIG: dict[str, dict[str, Any]] = {
    "planner": {"primary": "anthropic/claude-3-5-sonnet-20241022", "fallback": "google/gemini-pro",
                "temperature": 0.3, "max_tokens": 4096},
    "generator": {"primary": "openai/gpt-4o", "fallback": "deepseek/deepseek-coder",
                  "temperature": 0.2, "max_tokens": 8192},
    "validator": {"primary": "anthropic/claude-3-5-sonnet-20241022", "fallback": "openai/gpt-4o",
                  "temperature": 0.3, "max_tokens": 2048},
    "orchestrator": {"primary": "anthropic/claude-3-5-sonnet-20241022", "fallback": "google/gemini-pro",
                     "temperature": 0.4, "max_tokens": 2048},
}
AGENT_KEYS = ("primary", "fallback", "temperature", "max_tokens", "api_base")


class AgentModelConfig(BaseModel):
    """The resolved settings of one agent; ``sources`` says where each value came from (default/yaml/env)."""

    name: str
    primary: str = Field(min_length=1)
    fallback: str | None = None
    temperature: float = Field(ge=0, le=2)
    max_tokens: int = Field(ge=1)
    api_base: str | None = None
    sources: dict[str, str] = Field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The SPEC's mapping: ``primary``, ``fallback``, ``temperature``, ``max_tokens`` (and ``api_base``)."""
        return self.model_dump(include={"primary", "fallback", "temperature", "max_tokens", "api_base"})

    def chain(self) -> list[str]:
        """Primary then fallback, without duplicates or blanks."""
        out = [self.primary]
        if self.fallback and self.fallback not in out:
            out.append(self.fallback)
        return out


def get_env_override(name: str, key: str) -> str | None:
    """``AGENT_{NAME}_{KEY}`` (``AGENT_PLANNER_PRIMARY``) from the environment, else the ``.env`` file; blank
    counts as unset."""
    return get_settings().llm_var(f"AGENT_{name.upper()}_{key.upper()}")


def _yaml_section(path: Path | None, key: str) -> tuple[Path | str, dict[str, Any]]:
    """A table of the YAML config: from :class:`Settings` (which reads the file) or, for tests and tools, from an
    explicit ``path``."""
    if path is None:
        settings = get_settings()
        return settings.resolved_config_file() or "the YAML config", dict(getattr(settings, key))
    if not Path(path).is_file():
        return path, {}
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML ({exc}); fix it or point AI_DESIGNER_CONFIG elsewhere") from exc
    section = data.get(key) or {} if isinstance(data, dict) else {}
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: {key!r} must be a mapping")
    return path, section


def load_yaml_overrides(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """The ``llm_agents:`` section of the YAML config (empty when there is no file or no section)."""
    where, section = _yaml_section(path, "llm_agents")
    unknown = sorted(set(section) - set(AGENT_MODEL_CONFIG))
    if unknown:
        raise ConfigError(f"{where}: unknown agent(s) {unknown} under llm_agents; "
                          f"known: {sorted(AGENT_MODEL_CONFIG)}")
    return {k: dict(v or {}) for k, v in section.items()}


def get_agent_config(name: str, *, yaml_path: Path | None = None) -> dict[str, Any]:
    """One agent's model settings as a plain mapping (SPEC): ``get_agent_config('generator')['primary']``.
    ``KeyError`` for an unknown agent name. :func:`resolve_agent_config` gives the typed object with sources."""
    return resolve_agent_config(name, yaml_path=yaml_path).as_dict()


def resolve_agent_config(name: str, *, yaml_path: Path | None = None) -> AgentModelConfig:
    """Resolve one agent's model settings (env > YAML > defaults). ``KeyError`` for an unknown agent name."""
    if name not in AGENT_MODEL_CONFIG:
        raise KeyError(name)
    values: dict[str, Any] = {"api_base": None, **AGENT_MODEL_CONFIG[name]}
    sources = dict.fromkeys(values, "default")
    for key, value in load_yaml_overrides(yaml_path).get(name, {}).items():
        if key not in AGENT_KEYS:
            raise ConfigError(f"llm_agents.{name}.{key} is not a setting; use one of {list(AGENT_KEYS)}")
        values[key], sources[key] = value, "yaml"
    for key in AGENT_KEYS:
        env = get_env_override(name, key)
        if env is not None:
            values[key], sources[key] = env, "env"
    if isinstance(values.get("fallback"), str) and values["fallback"].strip().lower() in ("none", "-", ""):
        values["fallback"] = None
    try:
        return AgentModelConfig(name=name, sources=sources, **values)
    except ValidationError as exc:
        bad = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"model settings of agent {name!r} are invalid ({bad}); check AGENT_{name.upper()}_* "
                          "and llm_agents in the YAML config") from exc


class ModelChoice(BaseModel):
    """A model picked for one run (``ai-designer design -m``): a litellm name, or an alias from the YAML config."""

    model: str = Field(min_length=1)
    api_base: str | None = None
    alias: str | None = Field(default=None, description="the configured alias the user typed, if any")


def load_model_aliases(path: Path | None = None) -> dict[str, ModelChoice]:
    """The ``model_aliases:`` section: ``name: provider/model`` or ``name: {model: ..., api_base: ...}``."""
    where, section = _yaml_section(path, "model_aliases")
    out: dict[str, ModelChoice] = {}
    for alias, value in section.items():
        entry = {"model": value} if isinstance(value, str) else value
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: model_aliases.{alias} must be a model name or {{model, api_base}}")
        try:
            out[str(alias)] = ModelChoice(alias=str(alias), **entry)
        except (TypeError, ValidationError) as exc:
            raise ConfigError(f"{where}: model_aliases.{alias} is invalid ({exc}); write "
                              "`alias: provider/model` or `alias: {model: provider/model, api_base: URL}`") from exc
    return out


def resolve_model(name: str, *, yaml_path: Path | None = None) -> ModelChoice:
    """A configured alias (exact name) or, failing that, ``name`` itself taken as a litellm model string."""
    name = name.strip()
    if not name:
        raise ConfigError("the model name is empty: pass a litellm model such as openai/gpt-4o-mini or an alias "
                          "from model_aliases in the YAML config (see `ai-designer models`)")
    return load_model_aliases(yaml_path).get(name) or ModelChoice(model=name)
