namespace Tandem.Resources.Agents.Script;

/// <summary>How a script is called and how its status is read.</summary>
public enum ScriptStyle
{
    /// <summary>An init script (/etc/init.d): <c>script ACTION</c>; status exit 0 running, 1-3 not running (LSB 4.1).</summary>
    Lsb,

    /// <summary>A Heartbeat resource.d script: <c>script ARG... ACTION</c>; status prints "running" or "OK" when running.</summary>
    Heartbeat,
}
