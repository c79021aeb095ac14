namespace Tandem.Bench;

/// <summary>Medians over rounds and the least-squares line of resync time against dirty data.</summary>
static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    /// <summary>y = Intercept + Slope·x, and how much of y's variance the line explains (R²).</summary>
    public static (double Intercept, double Slope, double R2) Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = x.Count;
        if (n < 2)
            return (double.NaN, double.NaN, double.NaN);
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        double slope = sxx == 0 ? double.NaN : sxy / sxx;
        double r2 = sxx == 0 || syy == 0 ? double.NaN : sxy * sxy / (sxx * syy);
        return (my - slope * mx, slope, r2);
    }
}
