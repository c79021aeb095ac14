using Tandem.Config;
using Tandem.Config.Import;

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
                p.Allow();
                return Import(p.Words.Skip(2).ToList());
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

    /// <summary>Prints the TOML made from classic configs on stdout, what could not be carried over on stderr.</summary>
    static int Import(List<string> files)
    {
        if (files.Count == 0)
            throw new UsageException("config import needs the classic files, such as: tandem config import /etc/ha.d/ha.cf /etc/ha.d/authkeys /etc/ha.d/haresources /etc/drbd.conf");
        ImportResult result;
        try
        {
            result = ConfigImporter.Import(files);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("tandem: nothing imported; correct the lines above and run the import again");
            return 1;
        }
        Console.Write(result.Toml);
        foreach (var w in result.Warnings)
            Console.Error.WriteLine(w);
        return 0;
    }
}
