import { html, render } from 'htm/preact';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { App } from './components/app';

render(html`<${App} />`, document.getElementById('app') as HTMLElement);
