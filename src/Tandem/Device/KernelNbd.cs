using System.Globalization;

namespace Tandem.Device;

/// <summary>
/// The kernel's own NBD driver, where it is loaded: the volume's export is connected to a free
/// /dev/nbdN by <c>nbd-client</c> (Debian package nbd-client), and the kernel speaks NBD to the
/// volume itself. Everything here reads sysfs under a root that tests can replace.
/// </summary>
public static class KernelNbd
{
    public const string Tool = "nbd-client";

    /// <summary>Null when the kernel path can be used; otherwise why not, for the log line that says the FUSE path is used instead.</summary>
    public static string? Unavailable(string sysRoot = "/sys", string? path = null)
    {
        if (!Directory.Exists(Path.Combine(sysRoot, "module", "nbd")))
            return "the kernel has no nbd driver loaded (/sys/module/nbd); modprobe nbd to use it";
        if (!Directory.EnumerateDirectories(Path.Combine(sysRoot, "block"), "nbd*").Any())
            return "the nbd driver has no devices (modprobe nbd nbds_max=16)";
        if (FindTool(path ?? Environment.GetEnvironmentVariable("PATH") ?? "") is null)
            return $"{Tool} is not installed (apt-get install {Tool})";
        return null;
    }

    /// <summary>The first /dev/nbdN that nothing is connected to (no pid file, size 0), or null when all are taken.</summary>
    public static string? FreeDevice(string sysRoot = "/sys")
    {
        var block = Path.Combine(sysRoot, "block");
        if (!Directory.Exists(block))
            return null;
        var devices = Directory.EnumerateDirectories(block, "nbd*")
            .Select(d => (Dir: d, Number: Number(Path.GetFileName(d))))
            .Where(d => d.Number >= 0)
            .OrderBy(d => d.Number);
        foreach (var (dir, _) in devices)
        {
            if (File.Exists(Path.Combine(dir, "pid")))
                continue;
            var size = Path.Combine(dir, "size");
            if (File.Exists(size) && File.ReadAllText(size).Trim() != "0")
                continue;
            return "/dev/" + Path.GetFileName(dir);
        }
        return null;
    }

    /// <summary>The arguments that connect <paramref name="device"/> to the export <paramref name="volume"/> on a Unix socket.</summary>
    public static IReadOnlyList<string> ConnectArgs(string nbdSocket, string device, string volume) =>
        ["-unix", nbdSocket, device, "-block-size", "4096", "-name", volume];

    static int Number(string name) =>
        name.Length > 3 && int.TryParse(name.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

    static string? FindTool(string path) => path.Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(d => Path.Combine(d, Tool))
        .FirstOrDefault(File.Exists);
}
