"""Planner prompt benchmark: input tokens of one planner call per provider, counted with ``litellm.token_counter``.

For the request below it prints, per provider, what a first call sends (system prompt + request, plus the JSON schema
where the provider gets one: OpenAI/Azure strict in ``response_format``, Anthropic as its forced tool) and what a
later call inside the provider's cache window pays at the full rate (the unchanged prefix — schema and system
prompt — is read from the prompt cache: automatically at OpenAI, DeepSeek and Gemini; Anthropic through the
``cache_control`` mark the provider adds), plus a repair round. ``docs/llm.md`` prints the figures.
Run: ``.venv/bin/python benchmarks/bench_prompt_tokens.py`` (no key, no network: the tokenizers are local).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from ai_designer.agents.prompts import planner_prompt as prompts  # noqa: E402

REQUEST = "a 90 x 70 x 8 mm plate with four 5.5 mm holes 80 x 60 apart and 2 mm fillets on the vertical edges"
ANSWER = json.dumps({"name": "plate", "operations": [
    {"op": "box", "id": "plate", "length": 90, "width": 70, "height": 8},
    {"op": "hole", "id": "holes", "target": "plate", "diameter": 5.5,
     "at": {"kind": "grid", "count_x": 2, "count_y": 2, "spacing_x": 80, "spacing_y": 60}},
    {"op": "fillet", "id": "round", "target": "holes", "radius": 2, "edges": "vertical"}],
    "intent": {"bbox": [90, 70, 8], "holes": 4}})
ERRORS = "- operations.2.edges: Input should be 'all', 'top', … (got 'vertical_edges')"
#: provider -> (tokenizer model, gets the schema, how the prefix is cached)
PROVIDERS = {"openai": ("gpt-4o", True, "automatic"), "anthropic": ("anthropic/claude-sonnet-4-5", True, "cache_control"),
             "gemini": ("gemini/gemini-2.5-pro", False, "automatic (2.5 models)"),
             "deepseek": ("deepseek/deepseek-chat", False, "automatic"), "ollama": ("ollama/qwen2.5-coder", False, "-")}


def main() -> None:
    import litellm

    system = prompts.planner_system_prompt()
    user = prompts.PLANNER_USER.format(prompt=REQUEST)
    schema = json.dumps(prompts.plan_json_schema(), separators=(",", ":"))
    repair_system = prompts.repair_system_prompt(ANSWER)
    repair_user = prompts.PLANNER_REPAIR.format(request=user, answer=ANSWER, errors=ERRORS)
    print(f"{'provider':10} {'system+request':>15} {'schema':>7} {'first call':>11} {'later call, uncached':>21} "
          f"{'repair':>7}  prefix cache")
    for provider, (model, with_schema, caching) in PROVIDERS.items():
        def count(messages: list[dict[str, str]], model: str = model) -> int:
            return int(litellm.token_counter(model=model, messages=messages))

        prompt = count([{"role": "system", "content": system}, {"role": "user", "content": user}])
        schema_tokens = int(litellm.token_counter(model=model, text=schema)) if with_schema else 0
        request_only = count([{"role": "user", "content": user}])
        repair = count([{"role": "system", "content": repair_system}, {"role": "user", "content": repair_user}])
        later = request_only if caching != "-" else prompt + schema_tokens
        print(f"{provider:10} {prompt:>15,} {schema_tokens:>7,} {prompt + schema_tokens:>11,} {later:>21,} "
              f"{repair + schema_tokens:>7,}  {caching}")


if __name__ == "__main__":
    main()
