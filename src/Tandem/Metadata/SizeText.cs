using System.Globalization;

namespace Tandem.Metadata;

/// <summary>Human sizes for operator messages: "512 B", "64 KiB", "1.0 GiB".</summary>
static class SizeText
{
    static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

    public static string Format(long bytes)
    {
        if (bytes < 1024)
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < Units.Length - 1)
        {
            v /= 1024;
            u++;
        }
        return v.ToString(v >= 100 || v == Math.Floor(v) && u == 1 ? "0" : "0.0", CultureInfo.InvariantCulture) + " " + Units[u];
    }
}
