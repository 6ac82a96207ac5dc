import TandemCLI; TandemCommand.main()
