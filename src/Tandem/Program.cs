return Tandem.Cli.CommandLine.Run(args);
