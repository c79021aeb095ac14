using System.Globalization;

namespace Tandem.Metadata;

/// <summary>Human sizes for operator messages: "512 B", "64 KiB", "1.0 GiB", "320 MiB".</summary>
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
        // like ls -h: one decimal below 10 ("1.0 GiB", "2.5 MiB"), whole numbers above ("64 MiB")
        return v.ToString(Math.Round(v, 1) < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " " + Units[u];
    }
}
