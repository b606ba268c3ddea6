"""Per-agent model settings (env > YAML > defaults), prefix mapping, key checks and their messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_designer.core.errors import ConfigError, LLMNotConfigured
from ai_designer.core.settings import get_settings
from ai_designer.llm import routing
from ai_designer.llm.model_config import (
    AGENT_MODEL_CONFIG,
    get_agent_config,
    get_env_override,
    load_model_aliases,
    resolve_agent_config,
    resolve_model,
)

REPO_CONFIG = Path(__file__).resolve().parents[2] / "config" / "config.yaml"


def test_defaults_are_the_planned_ones() -> None:
    assert AGENT_MODEL_CONFIG["planner"] == {"primary": "anthropic/claude-3-5-sonnet-20241022",
                                             "fallback": "google/gemini-pro", "temperature": 0.3, "max_tokens": 4096}
    assert AGENT_MODEL_CONFIG["generator"] == {"primary": "openai/gpt-4o", "fallback": "deepseek/deepseek-coder",
                                               "temperature": 0.2, "max_tokens": 8192}
    assert AGENT_MODEL_CONFIG["validator"]["fallback"] == "openai/gpt-4o"
    assert AGENT_MODEL_CONFIG["orchestrator"]["temperature"] == 0.4
    assert get_agent_config("generator")["primary"] == "openai/gpt-4o"
    assert get_agent_config("planner", yaml_path=Path("does-not-exist.yaml")) == {
        **AGENT_MODEL_CONFIG["planner"], "api_base": None}
    cfg = resolve_agent_config("generator", yaml_path=Path("does-not-exist.yaml"))
    assert cfg.chain() == ["openai/gpt-4o", "deepseek/deepseek-coder"]
    assert set(cfg.sources.values()) == {"default"}
    with pytest.raises(KeyError):
        get_agent_config("painter")


def test_repo_yaml_matches_the_defaults() -> None:
    for name in AGENT_MODEL_CONFIG:
        cfg = get_agent_config(name, yaml_path=REPO_CONFIG)
        assert {k: cfg[k] for k in AGENT_MODEL_CONFIG[name]} == AGENT_MODEL_CONFIG[name]


def test_env_beats_yaml_beats_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    yaml_file = tmp_path / "config.yaml"
    yaml_file.write_text("llm_agents:\n  planner:\n    primary: openai/gpt-4o-mini\n    temperature: 0.1\n")
    monkeypatch.setenv("AI_DESIGNER_CONFIG", str(yaml_file))
    get_settings.cache_clear()
    cfg = resolve_agent_config("planner")
    assert (cfg.primary, cfg.temperature, cfg.max_tokens) == ("openai/gpt-4o-mini", 0.1, 4096)
    assert cfg.sources["primary"] == "yaml" and cfg.sources["max_tokens"] == "default"
    monkeypatch.setenv("AGENT_PLANNER_PRIMARY", "ollama/qwen2.5-coder")
    monkeypatch.setenv("AGENT_PLANNER_MAX_TOKENS", "1000")
    monkeypatch.setenv("AGENT_PLANNER_FALLBACK", "none")
    cfg = resolve_agent_config("planner")
    assert (cfg.primary, cfg.max_tokens, cfg.temperature, cfg.fallback) == ("ollama/qwen2.5-coder", 1000, 0.1, None)
    assert get_env_override("planner", "primary") == "ollama/qwen2.5-coder"
    assert get_env_override("generator", "primary") is None


def test_bad_yaml_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("llm_agents:\n  painter: {primary: x}\n")
    with pytest.raises(ConfigError, match="painter"):
        get_agent_config("planner", yaml_path=bad)
    bad.write_text("llm_agents:\n  planner: {primray: x}\n")
    with pytest.raises(ConfigError, match="primray"):
        get_agent_config("planner", yaml_path=bad)


def test_bad_env_value_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENT_VALIDATOR_TEMPERATURE", "hot")
    with pytest.raises(ConfigError, match="AGENT_VALIDATOR_"):
        get_agent_config("validator")


def test_prefix_mapping_in_one_place() -> None:
    assert routing.litellm_model("google/gemini-pro") == "gemini/gemini-pro"
    assert routing.litellm_model("openai/gpt-4o") == "openai/gpt-4o"
    assert routing.provider_of("google/gemini-pro") == "gemini"
    assert routing.provider_of("gpt-4o") == "openai"
    assert routing.provider_enum("ollama_chat/llama3").value == "ollama"
    assert routing.provider_enum("groq/llama3").value == "other"


def test_no_key_means_no_llm(monkeypatch: pytest.MonkeyPatch) -> None:
    for agent in AGENT_MODEL_CONFIG:
        assert not routing.is_llm_configured(agent)
    with pytest.raises(LLMNotConfigured) as err:
        routing.model_credentials("google/gemini-pro", agent="planner")
    assert "GEMINI_API_KEY" in err.value.message and "AGENT_PLANNER_PRIMARY=ollama/qwen2.5-coder" in err.value.message


def test_any_provider_key_enables_the_agents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test")
    assert routing.is_llm_configured("planner")
    assert routing.configured_chain(resolve_agent_config("planner").chain()) == ["deepseek/deepseek-chat"]
    assert routing.configured_chain(resolve_agent_config("generator").chain()) == ["deepseek/deepseek-coder"]
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test")
    assert routing.configured_chain(resolve_agent_config("planner").chain()) == ["anthropic/claude-3-5-sonnet-20241022"]


def test_ollama_and_api_base_need_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENT_PLANNER_PRIMARY", "ollama/qwen2.5-coder")
    monkeypatch.setenv("OLLAMA_BASE_URL", "http://127.0.0.1:9")
    get_settings.cache_clear()
    assert routing.is_llm_configured("planner")
    assert routing.model_credentials("ollama/qwen2.5-coder") == {"api_base": "http://127.0.0.1:9"}
    creds = routing.model_credentials("openai/local", api_base="http://127.0.0.1:9/v1")
    assert creds["api_base"] == "http://127.0.0.1:9/v1" and creds["api_key"]


def test_checking_configuration_does_not_import_litellm() -> None:
    import subprocess
    import sys

    code = ("import sys; from ai_designer.llm.routing import is_llm_configured; "
            "from ai_designer.agents.planner import PlannerAgent; "
            "print(is_llm_configured('planner'), PlannerAgent().llm_available(), 'litellm' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def test_model_aliases_resolve_and_plain_names_pass_through(tmp_path: Path) -> None:
    cfg = tmp_path / "config.yaml"
    cfg.write_text("model_aliases:\n  fast: openai/gpt-4o-mini\n"
                   "  local: {model: ollama/qwen2.5-coder, api_base: http://127.0.0.1:11434}\n")
    assert resolve_model("fast", yaml_path=cfg).model == "openai/gpt-4o-mini"
    local = resolve_model("local", yaml_path=cfg)
    assert (local.model, local.api_base, local.alias) == ("ollama/qwen2.5-coder", "http://127.0.0.1:11434", "local")
    assert resolve_model("anthropic/claude-sonnet-4-5", yaml_path=cfg).alias is None
    cfg.write_text("model_aliases:\n  broken: {modle: x}\n")
    with pytest.raises(ConfigError, match="model_aliases.broken"):
        load_model_aliases(cfg)


def test_keys_and_agent_overrides_in_dotenv_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A key written in .env (as .env.example suggests) enables the agents without being exported."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("OPENAI_API_KEY=sk-dotenv-test\n"  # pragma: allowlist secret
                                   "AGENT_PLANNER_PRIMARY=openai/gpt-4o-mini\n")  # pragma: allowlist secret
    get_settings.cache_clear()
    assert get_env_override("planner", "primary") == "openai/gpt-4o-mini"
    assert routing.is_llm_configured("planner")
    assert routing.model_credentials("openai/gpt-4o-mini")["api_key"] == "sk-dotenv-test"  # pragma: allowlist secret
    assert "sk-dotenv-test" not in repr(get_settings()) + str(get_settings().model_dump())  # pragma: allowlist secret
    monkeypatch.setenv("AGENT_PLANNER_PRIMARY", "deepseek/deepseek-chat")
    assert get_env_override("planner", "primary") == "deepseek/deepseek-chat", "the environment beats .env"
