namespace Tandem.Config.Toml;

/// <summary>Where something starts in a TOML file: 1-based line and column (column counts UTF-16 code units).</summary>
public readonly record struct TomlPosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
