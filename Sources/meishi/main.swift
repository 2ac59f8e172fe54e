import MeishiCLI

RootCommand.start()
