using Tandem.Config;

namespace Tandem.Cli;

/// <summary><c>tandem config check | import</c>; both work without a daemon.</summary>
static class ConfigCommands
{
    public static int Run(ParsedArgs p)
    {
        var sub = p.Word(1, "config subcommand (check, import)");
        switch (sub)
        {
            case "check":
                p.Allow();
                p.NoMoreWordsAfter(2);
                return Check(p);
            case "import":
                throw new CommandFailedException("'config import' is not available in this version of tandem");
            default:
                throw new UsageException($"unknown config subcommand '{sub}'");
        }
    }

    static int Check(ParsedArgs p)
    {
        var path = ConfigLocator.Resolve(p.Value("--config"));
        TandemConfig config;
        try
        {
            config = ConfigLoader.Load(path);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine($"tandem: {path} has errors; nothing was started or changed");
            return 1;
        }
        Console.Write(ConfigPrinter.Print(config));
        foreach (var w in config.Warnings)
            Console.Error.WriteLine(w);
        string who;
        try { who = $"this host is node {NodeIdentity.Resolve(config, p.Value("--node"))}"; }
        catch (ConfigException e) { who = $"warning: {e.Message}"; }
        Console.Error.WriteLine($"# {path}: OK; {who}");
        return 0;
    }
}
