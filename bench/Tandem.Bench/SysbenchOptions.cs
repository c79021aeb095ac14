using System.Globalization;
using Tandem.Config;

namespace Tandem.Bench;

/// <summary>The sysbench benchmark's options (defaults: 3 rounds of 30 s, about 10 minutes on 2 cores).</summary>
sealed record SysbenchOptions(
    string Tandem, int Rounds, int Seconds, int Threads, int Tables, int TableSize, long Size, string FlushMethod,
    string BufferPool, string Parent, string OutDir, string[] Sides, string Cpus, string? PeerDir)
{
    public const string Usage =
        "usage: Tandem.Bench sysbench --tandem PATH_TO_TANDEM [--rounds 3] [--seconds 30] [--threads 4]\n" +
        "         [--tables 4] [--table-size 20000] [--size 1GiB (volume)] [--flush-method O_DIRECT|fsync]\n" +
        "         [--buffer-pool 128M] [--dir /tmp (filesystem of the backing files and of the host side)]\n" +
        "         [--sides replicated,single,host] [--out bench/results]\n" +
        "         [--cpus shared|split (split: alpha, mariadbd and sysbench on CPU 0, beta on CPU 1)] [--peer-dir DIR]\n" +
        "         [--cpu-dma-latency US (idle CPUs poll: their wake-up latency held at US µs, as tuned's latency-performance does)]";

    public static readonly string[] AllSides = ["replicated", "single", "host"];

    public static SysbenchOptions Parse(string[] args)
    {
        string Opt(string name, string dflt) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : dflt;
        int Int(string name, string dflt) => int.TryParse(Opt(name, dflt), CultureInfo.InvariantCulture, out var v)
            ? v : throw new FormatException($"{name} takes a whole number, not '{Opt(name, dflt)}'");
        var o = new SysbenchOptions(
            Path.GetFullPath(Opt("--tandem", "artifacts/tandem/tandem")),
            Int("--rounds", "3"),
            Int("--seconds", "30"),
            Int("--threads", "4"),
            Int("--tables", "4"),
            Int("--table-size", "20000"),
            ByteSize.Parse(Opt("--size", "1GiB")),
            Opt("--flush-method", "O_DIRECT"),
            Opt("--buffer-pool", "128M"),
            Path.GetFullPath(Opt("--dir", Path.GetTempPath())),
            Opt("--out", "bench/results"),
            Opt("--sides", string.Join(',', AllSides)).Split(','),
            Opt("--cpus", "shared"),
            Array.IndexOf(args, "--peer-dir") >= 0 ? Path.GetFullPath(Opt("--peer-dir", "")) : null);
        if (o.Rounds < 1 || o.Seconds < 1 || o.Threads < 1 || o.Tables < 1 || o.TableSize < 1)
            throw new FormatException("--rounds, --seconds, --threads, --tables and --table-size must be at least 1");
        if (o.FlushMethod is not ("O_DIRECT" or "fsync"))
            throw new FormatException("--flush-method is O_DIRECT (InnoDB's default) or fsync");
        if (o.Size % (128L << 20) != 0)
            throw new FormatException("--size is a multiple of 128 MiB");
        if (o.Sides.Except(AllSides).FirstOrDefault() is { } bad)
            throw new FormatException($"unknown side '{bad}' in --sides; use {string.Join(", ", AllSides)}");
        if (o.Cpus is not ("shared" or "split"))
            throw new FormatException("--cpus is shared (every process on every CPU) or split (alpha, mariadbd and sysbench on CPU 0, beta on CPU 1)");
        if (o.Cpus == "split" && Environment.ProcessorCount < 2)
            throw new FormatException("--cpus split needs at least 2 CPUs");
        if (o.PeerDir is { } dir && !Directory.Exists(dir))
            throw new FormatException($"--peer-dir {dir} does not exist");
        if (!Directory.Exists(o.Parent))
            throw new FormatException($"--dir {o.Parent} does not exist");
        return o;
    }

    public bool Runs(string side) => Sides.Contains(side);
}
