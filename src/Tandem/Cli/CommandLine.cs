namespace Tandem.Cli;

/// <summary>Entry point: parses the command line and runs one command. Exit status per CONTRACT.md.</summary>
public static class CommandLine
{
    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "lab")
            return Tandem.Lab.LabCommand.Run(args[1..]);
        ParsedArgs p;
        try { p = ParsedArgs.Parse(args); }
        catch (UsageException e) { return UsageError(e.Message); }
        if (p.Words.Count == 0 || p.Has("--help"))
        {
            (p.Words.Count == 0 && !p.Has("--help") ? Console.Error : Console.Out).WriteLine(Usage.Text);
            return p.Has("--help") ? 0 : 2;
        }
        try
        {
            return p.Words[0] switch
            {
                "daemon" => DaemonCommand.Run(p),
                "status" => StatusCommands.Cluster(p),
                "volume" => VolumeCommands.Run(p),
                "config" => ConfigCommands.Run(p),
                "cluster" => ClusterCommands.Run(p),
                var other => throw new UsageException($"unknown command '{other}'"),
            };
        }
        catch (UsageException e) { return UsageError(e.Message); }
        catch (CommandFailedException e) { return Failed(e.Message); }
        catch (Tandem.Control.DaemonUnreachableException e) { return Failed(e.Message); }
        catch (Tandem.Config.ConfigException e) { return Failed(e.Message); }
    }

    static int UsageError(string message)
    {
        Console.Error.WriteLine($"tandem: {message}");
        Console.Error.WriteLine("run 'tandem --help' for the commands");
        return 2;
    }

    static int Failed(string message)
    {
        Console.Error.WriteLine($"tandem: {message}");
        return 1;
    }
}
