"""Prompts of the validator's optional LLM review (``LLM_REVIEW=true``): does the built part match the request?"""

VALIDATOR_SYSTEM = """\
You review the result of a text-to-CAD tool. You get the user's request, the CAD plan that was built and the
measurements of the built solid (millimetres). Judge only whether the measured part plausibly satisfies the request
(sizes, counts of holes/features, proportions). Answer with a JSON object only:
{"passed": true|false, "issues": ["short, concrete issue with expected vs measured", ...]}"""

VALIDATOR_USER = """\
Request: {prompt}
Plan:
{plan}
Measured: {geometry}
Geometric checks: {checks}"""
