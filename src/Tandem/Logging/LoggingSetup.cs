using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Tandem.Logging;

/// <summary>
/// One log for the whole node, on stderr (the journal picks it up under systemd).
/// Event id ranges: NBD 1000, FUSE 1100, metadata 1200, volume 1300, device 1400,
/// control 1500, config 1600, daemon 1700.
/// </summary>
public static class LoggingSetup
{
    public static ILoggerFactory Create(LogLevel minimum = LogLevel.Information) =>
        LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(minimum);
            b.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
            b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
}
