"""MCP latency: time from ``tools/call design`` to its result, on a warm ``ai-designer mcp`` server over stdio.

Starts the real console script with the SDK's stdio client (a private AI_DESIGNER_HOME, one FreeCAD worker), makes one
design to warm the pool, then times each prompt ``--repeat`` times with the default formats (FCStd, STEP, STL, PNG
preview) and with STEP only. Prints the median and the fastest call per prompt, and the cold first call.
Run: ``.venv/bin/python benchmarks/bench_mcp.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import anyio
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

SRC = Path(__file__).resolve().parents[1] / "src"
PROMPTS = ("a 40 mm cube", "a 100 x 60 x 20 mm block with a 12 mm hole through the middle",
           "a 90 x 70 x 8 mm plate with four 5.5 mm corner holes, 6 mm from both edges")


async def _timed(session: ClientSession, prompt: str, formats: list[str] | None) -> float:
    start = time.perf_counter()
    result = await session.call_tool("design", {"prompt": prompt, **({"formats": formats} if formats else {})})
    elapsed = time.perf_counter() - start
    assert not result.is_error, result.content
    return elapsed


async def main(repeat: int) -> None:
    home = tempfile.mkdtemp(prefix="bench-mcp-")
    env = {"AI_DESIGNER_HOME": home, "JOB_BACKEND": "local", "POOL_WORKERS": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
    params = StdioServerParameters(command=str(Path(sys.executable).parent / "ai-designer"), args=["mcp"], env=env)
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        print(f"cold first call (starts the FreeCAD pool): {await _timed(session, PROMPTS[0], None):.3f} s")
        for formats, label in ((None, "fcstd+step+stl+png"), (["step"], "step only")):
            for prompt in PROMPTS:
                times = [await _timed(session, prompt, formats) for _ in range(repeat)]
                print(f"{label:18} median {statistics.median(times):.3f} s  min {min(times):.3f} s  {prompt}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    anyio.run(main, parser.parse_args().repeat)
