import { input, label as labelStyle } from "./styles";

export interface FilterOption {
  value: string;
  label: string;
}

/**
 * A labelled <select> for a GET filter form: the first option (value "") means "no filter", so an
 * unset filter submits an empty parameter the page ignores. `value` is the current filter from
 * the URL (uncontrolled: the form is a plain GET, no JavaScript needed).
 */
export function FilterSelect({
  id,
  name,
  label,
  anyLabel,
  options,
  value,
}: {
  id: string;
  name: string;
  label: string;
  anyLabel: string;
  options: readonly FilterOption[];
  value: string | undefined;
}) {
  return (
    <div>
      <label htmlFor={id} className={labelStyle}>
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ""} className={`${input} mt-1`}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
