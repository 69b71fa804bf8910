// The admin build (Vite) compiles the plugin's admin source directly.
export { default } from '../../../../admin/src';
