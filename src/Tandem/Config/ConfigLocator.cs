namespace Tandem.Config;

/// <summary>Which config file to read: <c>--config PATH</c>, else <c>TANDEM_CONFIG</c>, else /etc/tandem/tandem.toml.</summary>
public static class ConfigLocator
{
    public static string Resolve(string? cliPath) =>
        Resolve(cliPath, Environment.GetEnvironmentVariable);

    internal static string Resolve(string? cliPath, Func<string, string?> environment)
    {
        if (!string.IsNullOrEmpty(cliPath))
            return cliPath;
        var fromEnvironment = environment(Defaults.ConfigEnvironmentVariable);
        return string.IsNullOrEmpty(fromEnvironment) ? Defaults.ConfigPath : fromEnvironment;
    }
}
