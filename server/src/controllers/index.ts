import lead from './lead';

export default { lead };
