namespace Tandem.Config.Import;

/// <summary>The names Tandem accepts for nodes and volumes (the same rule as the config loader).</summary>
public static class ImportNames
{
    public const string Rule = "Tandem names are 1 to 64 letters, digits, '.', '-' or '_', not starting with '.' or '-'";

    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 64 && name[0] is not ('.' or '-')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
