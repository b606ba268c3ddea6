from ai_designer.cli.app import main

main()
