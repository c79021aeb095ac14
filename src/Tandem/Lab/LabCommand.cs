using System.Globalization;
using System.Text.Json;

namespace Tandem.Lab;

/// <summary>
/// <c>tandem lab list | run SCENARIO...|all [--json]</c>, and the two commands the lab runs inside its client
/// namespace: <c>lab client</c> (the workload) and <c>lab check</c> (the checker). Exit status: 0 every check
/// passed, 1 a check failed or the lab could not be built, 2 usage error.
/// </summary>
public static class LabCommand
{
    public const string Usage = """
        usage: tandem lab list
               tandem lab run SCENARIO...|all [--json]

        Builds a two-node cluster in network namespaces on this machine (root needed), runs MariaDB on the
        replicated volume behind a floating IP with a client committing through it, injects the scenario's fault,
        and reports recovery time, lost commits and phantom rows. Everything it creates is removed afterwards,
        also after a failure or Ctrl-C; labs left by a killed run are removed at the next start. The logs of a
        failed run are kept in /tmp/tandem-lab-logs (of every run with TANDEM_LAB_KEEP_LOGS=1).
        """;

    public static int Run(IReadOnlyList<string> args)
    {
        try
        {
            var words = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
            return words.FirstOrDefault() switch
            {
                "list" => List(),
                "run" => LabRunCommand.Run(args.Skip(1).ToList()),
                "client" => Client(Options.Parse(args.Skip(1), ["--host", "--port", "--journal", "--interval-ms"])),
                "check" => Check(Options.Parse(args.Skip(1), ["--host", "--port", "--journal", "--wait-s"])),
                null => UsageError("lab needs a subcommand: list or run"),
                var other => UsageError($"unknown lab subcommand '{other}'"),
            };
        }
        catch (LabUsageException e)
        {
            return UsageError(e.Message);
        }
    }

    static int List()
    {
        foreach (var s in ScenarioCatalog.All)
            Console.WriteLine($"{s.Name,-22} {s.Description}");
        return 0;
    }

    static int Client(Options o)
    {
        var client = new WorkloadClient(o.Required("--host"), o.Int("--port", LabNetwork.MySqlPort), o.Required("--journal"),
            TimeSpan.FromMilliseconds(o.Int("--interval-ms", 20)), TimeProvider.System, new Random());
        return client.Run(CancellationToken.None);
    }

    static int Check(Options o)
    {
        try
        {
            var result = LabChecker.Check(o.Required("--host"), o.Int("--port", LabNetwork.MySqlPort), o.Required("--journal"),
                TimeSpan.FromSeconds(o.Int("--wait-s", 60)));
            Console.WriteLine(JsonSerializer.Serialize(result, LabJson.Options));
            return 0;
        }
        catch (LabException e)
        {
            Console.Error.WriteLine($"tandem: {e.Message}");
            return 1;
        }
    }

    internal static int UsageError(string message)
    {
        Console.Error.WriteLine($"tandem: {message}");
        Console.Error.WriteLine(Usage);
        return 2;
    }

    /// <summary>--key value options of the lab's commands.</summary>
    internal sealed class Options
    {
        readonly Dictionary<string, string> _values = [];

        public static Options Parse(IEnumerable<string> args, string[] known)
        {
            var o = new Options();
            var list = args.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                if (!known.Contains(list[i]))
                    throw new LabUsageException($"unexpected argument '{list[i]}'");
                if (i + 1 >= list.Count)
                    throw new LabUsageException($"{list[i]} needs a value");
                o._values[list[i]] = list[++i];
            }
            return o;
        }

        public string Required(string key) => _values.TryGetValue(key, out var v) ? v : throw new LabUsageException($"missing {key}");

        public int Int(string key, int fallback) =>
            !_values.TryGetValue(key, out var v) ? fallback
            : int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw new LabUsageException($"{key} takes a whole number, not '{v}'");
    }
}

public sealed class LabUsageException(string message) : Exception(message);
