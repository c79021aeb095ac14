using System.Globalization;

namespace Tandem.Cli;

static class Units
{
    public static string Bytes(long n)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.Length - 1) { v /= 1024; u++; }
        return u == 0 ? $"{n} B" : string.Create(CultureInfo.InvariantCulture, $"{v:0.0} {units[u]}");
    }
}
