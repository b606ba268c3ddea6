"""The warm local CLI daemon (docs/cli-daemon.md): ``ai-designer design`` hands its request to a long-lived process
that keeps the engine imported and the FreeCAD pool warm, over a Unix socket only this user can open.

* :mod:`~ai_designer.cli.daemon.paths` — where the socket lives and which environment a daemon serves (stdlib only);
* :mod:`~ai_designer.cli.daemon.client` — the CLI side: connect, start one in the background, stream the answer
  (stdlib only, so the warm path never imports pydantic, the engine or FreeCAD);
* :mod:`~ai_designer.cli.daemon.server` — the daemon: the same design pipeline as the in-process path, idle exit;
* :mod:`~ai_designer.cli.daemon.commands` — ``ai-designer daemon start|stop|status``.

Nothing is imported here: the CLI's warm path imports only what it uses.
"""
