"use client";

export function CheckboxGroup({ legend, options, value, onChange, error, disabled }: {
  legend: string;
  options: { value: string; label: string; detail?: string }[];
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
  disabled?: boolean;
}) {
  return (
    <fieldset className="space-y-1" disabled={disabled}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="max-h-48 space-y-1 overflow-y-auto rounded-md p-2 ring-1 ring-inset ring-slate-300">
        {options.length === 0 ? <p className="text-xs text-slate-600">Nobody to pick yet.</p> : null}
        {options.map((option) => (
          <label key={option.value} className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              className="size-4 rounded border-slate-400 text-indigo-600"
              checked={value.includes(option.value)}
              onChange={(event) =>
                onChange(event.target.checked ? [...value, option.value] : value.filter((item) => item !== option.value))
              }
            />
            <span>{option.label}</span>
            {option.detail ? <span className="text-xs text-slate-600">{option.detail}</span> : null}
          </label>
        ))}
      </div>
      {error ? <p role="alert" className="text-xs font-medium text-red-700">{error}</p> : null}
    </fieldset>
  );
}
